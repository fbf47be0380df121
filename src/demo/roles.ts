/**
 * Staffing roles the synthetic corpus draws from. Certifications are listed
 * most essential first: the generator gives earlier ones to more workers.
 */
export interface Role {
  title: string;
  category: string;
  skills: readonly string[];
  certifications: readonly string[];
  /** Typical US hourly pay in dollars, entry level to senior. */
  rate: readonly [number, number];
  /** Where this work happens, for the profile summary ("6 years in ..."). */
  settings: readonly string[];
  /** Relative share of the pool; warehouse and food work are common, trades rarer. */
  weight: number;
}

export const ROLES: readonly Role[] = [
  {
    title: 'Warehouse Associate', category: 'warehouse', weight: 10, rate: [15, 21],
    skills: ['Picking', 'Packing', 'Shipping and Receiving', 'RF Scanner', 'Pallet Jack', 'Loading and Unloading', 'Order Fulfillment', 'Labeling', 'Cycle Counting', 'Inventory Counts'],
    certifications: ['OSHA 10', 'Forklift Certification'],
    settings: ['high-volume distribution centers', 'e-commerce fulfillment centers', 'third-party logistics warehouses', 'grocery distribution'],
  },
  {
    title: 'Forklift Operator', category: 'warehouse', weight: 7, rate: [17, 25],
    skills: ['Sit-Down Forklift', 'Stand-Up Forklift', 'Reach Truck', 'Order Picker', 'Pallet Jack', 'RF Scanner', 'Dock Loading', 'Pallet Stacking', 'Shipping and Receiving', 'Cycle Counting', 'Pre-Shift Equipment Inspection'],
    certifications: ['Forklift Certification', 'OSHA 10'],
    settings: ['high-volume distribution centers', 'cold-storage warehouses', 'building-supply yards', 'beverage distribution'],
  },
  {
    title: 'Picker Packer', category: 'warehouse', weight: 6, rate: [15, 19],
    skills: ['Picking', 'Packing', 'RF Scanner', 'Order Accuracy', 'Labeling', 'Quality Checks', 'Pallet Jack', 'Box Building', 'Kitting'],
    certifications: ['OSHA 10'],
    settings: ['e-commerce fulfillment centers', 'pharmacy distribution', 'apparel warehouses'],
  },
  {
    title: 'Material Handler', category: 'warehouse', weight: 5, rate: [16, 22],
    skills: ['Material Staging', 'Pallet Jack', 'Forklift', 'Line Replenishment', 'Loading and Unloading', 'Inventory Counts', 'Kanban', 'Shrink Wrapping', 'RF Scanner'],
    certifications: ['Forklift Certification', 'OSHA 10'],
    settings: ['automotive plants', 'manufacturing warehouses', 'food production facilities'],
  },
  {
    title: 'Shipping and Receiving Clerk', category: 'logistics', weight: 3, rate: [16, 23],
    skills: ['Bills of Lading', 'Receiving Inspection', 'WMS Software', 'Carrier Scheduling', 'Inventory Reconciliation', 'RF Scanner', 'Packing Slips', 'Damage Claims', 'Microsoft Excel'],
    certifications: ['Forklift Certification', 'OSHA 10'],
    settings: ['third-party logistics warehouses', 'manufacturing plants', 'wholesale distribution'],
  },
  {
    title: 'Inventory Control Specialist', category: 'logistics', weight: 2, rate: [17, 26],
    skills: ['Cycle Counting', 'Inventory Reconciliation', 'WMS Software', 'SAP', 'Microsoft Excel', 'Root Cause Analysis', 'Slotting', 'RF Scanner', 'Shrink Reduction'],
    certifications: ['APICS CPIM', 'Forklift Certification', 'OSHA 10'],
    settings: ['regional distribution centers', 'retail distribution', 'parts warehouses'],
  },
  {
    title: 'Reach Truck Operator', category: 'warehouse', weight: 2, rate: [18, 25],
    skills: ['Reach Truck', 'High-Bay Racking', 'Narrow Aisle Operation', 'Putaway', 'Replenishment', 'RF Scanner', 'Pallet Stacking', 'Pre-Shift Equipment Inspection'],
    certifications: ['Forklift Certification', 'OSHA 10'],
    settings: ['high-bay distribution centers', 'cold-storage warehouses', 'grocery distribution'],
  },
  {
    title: 'Warehouse Supervisor', category: 'warehouse', weight: 1.5, rate: [24, 34],
    skills: ['Team Leadership', 'Shift Scheduling', 'KPI Tracking', 'WMS Software', 'Safety Audits', 'Labor Planning', 'Lean', 'Forklift', 'Training New Hires', 'Microsoft Excel'],
    certifications: ['OSHA 30', 'Forklift Certification', 'Six Sigma Yellow Belt'],
    settings: ['high-volume distribution centers', 'third-party logistics warehouses', 'e-commerce fulfillment centers'],
  },
  {
    title: 'Freight Dispatcher', category: 'logistics', weight: 1.5, rate: [19, 28],
    skills: ['Load Planning', 'Route Optimization', 'TMS Software', 'Driver Communication', 'ELD Monitoring', 'Customer Updates', 'DOT Hours of Service', 'Microsoft Excel'],
    certifications: ['Freight Broker License'],
    settings: ['regional trucking fleets', 'last-mile delivery operations', 'freight brokerages'],
  },
  {
    title: 'CDL-A Truck Driver', category: 'driving', weight: 5, rate: [24, 38],
    skills: ['Over-the-Road', 'Regional Routes', 'Pre-Trip Inspection', 'ELD Logs', 'Dry Van', 'Reefer', 'Flatbed', 'Backing and Docking', 'Load Securement', 'DOT Regulations', 'Route Planning'],
    certifications: ['CDL Class A', 'DOT Medical Card', 'HAZMAT Endorsement', 'Tanker Endorsement', 'TWIC Card'],
    settings: ['regional freight', 'over-the-road trucking', 'dedicated retail routes', 'intermodal hauling'],
  },
  {
    title: 'CDL-B Delivery Driver', category: 'driving', weight: 3, rate: [20, 29],
    skills: ['Box Truck', 'Pre-Trip Inspection', 'Liftgate Operation', 'Hand Truck', 'Route Planning', 'Customer Signatures', 'Multi-Stop Delivery', 'DOT Regulations'],
    certifications: ['CDL Class B', 'DOT Medical Card', 'Air Brakes Endorsement'],
    settings: ['food-service delivery', 'building-supply delivery', 'furniture delivery'],
  },
  {
    title: 'Delivery Driver', category: 'driving', weight: 4, rate: [17, 24],
    skills: ['Cargo Van', 'Multi-Stop Delivery', 'Handheld Scanner', 'GPS Navigation', 'Customer Service', 'Package Handling', 'Vehicle Inspection', 'Time Management'],
    certifications: ["Valid Driver's License", 'DOT Medical Card'],
    settings: ['last-mile parcel delivery', 'pharmacy delivery', 'auto-parts delivery'],
  },
  {
    title: 'Yard Jockey', category: 'driving', weight: 1, rate: [18, 26],
    skills: ['Yard Truck', 'Trailer Hookups', 'Backing and Docking', 'Yard Management System', 'Pre-Trip Inspection', 'Radio Communication', 'Seal Checks'],
    certifications: ['CDL Class A', 'DOT Medical Card'],
    settings: ['distribution center yards', 'rail terminals', 'manufacturing campuses'],
  },
  {
    title: 'Production Worker', category: 'manufacturing', weight: 7, rate: [15, 21],
    skills: ['Assembly Line', 'Hand Tools', 'Quality Checks', 'Packaging', 'Machine Feeding', 'GMP', 'Measuring Tools', 'Lean', '5S'],
    certifications: ['OSHA 10', 'Forklift Certification'],
    settings: ['food production plants', 'automotive parts plants', 'consumer-goods factories', 'plastics plants'],
  },
  {
    title: 'Machine Operator', category: 'manufacturing', weight: 4, rate: [17, 25],
    skills: ['Machine Setup', 'Injection Molding', 'Press Operation', 'Blueprint Reading', 'Calipers and Micrometers', 'Preventive Maintenance', 'SPC', 'Lockout/Tagout', 'Quality Checks'],
    certifications: ['OSHA 10', 'Lockout/Tagout Training'],
    settings: ['plastics plants', 'metal stamping shops', 'packaging plants'],
  },
  {
    title: 'CNC Machinist', category: 'manufacturing', weight: 1.5, rate: [22, 36],
    skills: ['CNC Milling', 'CNC Lathe', 'G-Code', 'Fanuc Controls', 'Haas Controls', 'Blueprint Reading', 'GD&T', 'Tool Offsets', 'Calipers and Micrometers', 'First Article Inspection'],
    certifications: ['NIMS Machining Level I', 'OSHA 10'],
    settings: ['aerospace machine shops', 'job shops', 'medical-device manufacturing'],
  },
  {
    title: 'Quality Control Inspector', category: 'manufacturing', weight: 1.5, rate: [18, 29],
    skills: ['Visual Inspection', 'Calipers and Micrometers', 'CMM', 'Blueprint Reading', 'SPC', 'Nonconformance Reports', 'ISO 9001', 'First Article Inspection', 'GD&T'],
    certifications: ['ASQ CQI', 'OSHA 10', 'Six Sigma Yellow Belt'],
    settings: ['automotive parts plants', 'aerospace suppliers', 'food production plants'],
  },
  {
    title: 'Packaging Operator', category: 'manufacturing', weight: 2, rate: [15, 20],
    skills: ['Packaging Lines', 'Case Packing', 'Labelers', 'Shrink Wrapping', 'Palletizing', 'Line Changeovers', 'GMP', 'Quality Checks'],
    certifications: ['OSHA 10', 'HACCP Certification'],
    settings: ['food production plants', 'beverage bottling plants', 'pharmaceutical packaging'],
  },
  {
    title: 'Welder', category: 'trades', weight: 2, rate: [20, 35],
    skills: ['MIG Welding', 'TIG Welding', 'Stick Welding', 'Flux-Core Welding', 'Blueprint Reading', 'Weld Symbols', 'Plasma Cutting', 'Grinding', 'Structural Steel', 'Pipe Welding'],
    certifications: ['AWS D1.1 Certification', 'OSHA 10', 'OSHA 30'],
    settings: ['structural steel fabrication', 'heavy-equipment manufacturing', 'pipeline projects'],
  },
  {
    title: 'Industrial Maintenance Technician', category: 'trades', weight: 1.5, rate: [23, 36],
    skills: ['PLC Troubleshooting', 'Hydraulics', 'Pneumatics', 'Electrical Troubleshooting', 'Preventive Maintenance', 'Conveyor Systems', 'Welding', 'Motor Controls', 'Lockout/Tagout', 'CMMS'],
    certifications: ['OSHA 30', 'NFPA 70E', 'EPA 608 Universal'],
    settings: ['food production plants', 'distribution centers', 'automotive plants'],
  },
  {
    title: 'General Laborer', category: 'construction', weight: 6, rate: [16, 22],
    skills: ['Site Cleanup', 'Material Handling', 'Hand Tools', 'Power Tools', 'Demolition', 'Digging and Trenching', 'Loading and Unloading', 'Concrete Prep'],
    certifications: ['OSHA 10', 'Flagger Certification'],
    settings: ['commercial construction sites', 'residential builds', 'event setups'],
  },
  {
    title: 'Construction Laborer', category: 'construction', weight: 4, rate: [17, 26],
    skills: ['Concrete Pouring', 'Framing Support', 'Scaffolding', 'Power Tools', 'Blueprint Reading', 'Demolition', 'Rebar Tying', 'Site Safety', 'Jackhammer', 'Grading'],
    certifications: ['OSHA 10', 'OSHA 30', 'Flagger Certification', 'Scaffold Competent Person'],
    settings: ['commercial construction sites', 'road construction', 'multifamily builds'],
  },
  {
    title: 'Carpenter', category: 'construction', weight: 2, rate: [22, 36],
    skills: ['Framing', 'Finish Carpentry', 'Formwork', 'Blueprint Reading', 'Trim Installation', 'Door and Window Installation', 'Power Tools', 'Layout', 'Cabinet Installation'],
    certifications: ['OSHA 10', 'OSHA 30'],
    settings: ['commercial construction sites', 'residential builds', 'tenant improvement projects'],
  },
  {
    title: 'Electrician', category: 'trades', weight: 2, rate: [27, 44],
    skills: ['Conduit Bending', 'Wire Pulling', 'Panel Installation', 'Troubleshooting', 'NEC Code', 'Blueprint Reading', 'Motor Controls', 'Lighting Systems', 'Fire Alarm Systems', 'Commercial Wiring', 'Residential Wiring'],
    certifications: ['Journeyman License', 'OSHA 30', 'NFPA 70E', 'OSHA 10'],
    settings: ['commercial construction', 'industrial plants', 'residential service work'],
  },
  {
    title: 'Electrician Helper', category: 'trades', weight: 1.5, rate: [17, 24],
    skills: ['Wire Pulling', 'Conduit Bending', 'Material Staging', 'Hand Tools', 'Power Tools', 'Fixture Installation', 'Trenching', 'Site Cleanup'],
    certifications: ['OSHA 10', 'Electrical Apprentice Registration'],
    settings: ['commercial construction', 'solar installations', 'residential builds'],
  },
  {
    title: 'HVAC Technician', category: 'trades', weight: 2, rate: [24, 39],
    skills: ['Refrigerant Recovery', 'Brazing', 'Ductwork', 'Thermostat Wiring', 'Troubleshooting', 'Heat Pumps', 'Rooftop Units', 'Preventive Maintenance', 'Boilers', 'Commercial Refrigeration'],
    certifications: ['EPA 608 Universal', 'NATE Certification', 'OSHA 10'],
    settings: ['commercial HVAC service', 'residential service calls', 'new construction'],
  },
  {
    title: 'Plumber', category: 'trades', weight: 1.5, rate: [25, 41],
    skills: ['Pipe Fitting', 'PEX', 'Copper Soldering', 'Drain Cleaning', 'Water Heaters', 'Backflow Testing', 'Fixture Installation', 'Blueprint Reading', 'Gas Lines'],
    certifications: ['Journeyman Plumber License', 'OSHA 10', 'Backflow Prevention Certification', 'Medical Gas Certification'],
    settings: ['commercial construction', 'residential service work', 'hospital projects'],
  },
  {
    title: 'Painter', category: 'construction', weight: 1.5, rate: [18, 29],
    skills: ['Surface Prep', 'Spray Painting', 'Brush and Roll', 'Drywall Patching', 'Caulking', 'Staining', 'Epoxy Coatings', 'Masking', 'Lift Operation'],
    certifications: ['EPA Lead-Safe (RRP)', 'OSHA 10', 'Aerial Lift Certification'],
    settings: ['commercial repaints', 'apartment turnovers', 'new construction'],
  },
  {
    title: 'Drywall Installer', category: 'construction', weight: 1, rate: [19, 30],
    skills: ['Hanging Drywall', 'Taping', 'Mudding', 'Metal Stud Framing', 'Texturing', 'Sanding', 'Ceiling Grid', 'Lift Operation'],
    certifications: ['OSHA 10', 'Scaffold Training'],
    settings: ['commercial interiors', 'residential builds', 'tenant improvement projects'],
  },
  {
    title: 'Flagger', category: 'construction', weight: 1.5, rate: [16, 23],
    skills: ['Traffic Control', 'Stop/Slow Paddle', 'Radio Communication', 'Work Zone Setup', 'Cone Placement', 'Situational Awareness'],
    certifications: ['Flagger Certification', 'OSHA 10', 'ATSSA Traffic Control Technician'],
    settings: ['road construction', 'utility work zones', 'bridge repair projects'],
  },
  {
    title: 'Heavy Equipment Operator', category: 'construction', weight: 1, rate: [24, 40],
    skills: ['Excavator', 'Bulldozer', 'Backhoe', 'Skid Steer', 'Front-End Loader', 'Grading', 'Trenching', 'Equipment Maintenance', 'Site Plans'],
    certifications: ['NCCCO Certification', 'OSHA 30', 'CDL Class A', 'OSHA 10'],
    settings: ['road construction', 'site development', 'utility projects'],
  },
  {
    title: 'Certified Nursing Assistant', category: 'healthcare', weight: 5, rate: [17, 25],
    skills: ['Patient Care', 'Vital Signs', 'Bathing and Grooming', 'Patient Transfers', 'Hoyer Lift', 'Feeding Assistance', 'Charting', 'Infection Control', 'Dementia Care', 'EHR'],
    certifications: ['CNA License', 'BLS', 'CPR'],
    settings: ['skilled nursing facilities', 'hospitals', 'assisted living communities', 'rehab centers'],
  },
  {
    title: 'Home Health Aide', category: 'healthcare', weight: 3, rate: [15, 21],
    skills: ['Personal Care', 'Medication Reminders', 'Meal Preparation', 'Mobility Assistance', 'Light Housekeeping', 'Companionship', 'Vital Signs', 'Dementia Care'],
    certifications: ['HHA Certification', 'CPR', 'First Aid'],
    settings: ['home care agencies', 'hospice care', 'private-duty care'],
  },
  {
    title: 'Medical Assistant', category: 'healthcare', weight: 2, rate: [18, 26],
    skills: ['Patient Intake', 'Vital Signs', 'Phlebotomy', 'EHR', 'Injections', 'EKG', 'Scheduling', 'Medical Terminology', 'Insurance Verification'],
    certifications: ['CCMA', 'BLS', 'CPR'],
    settings: ['primary care clinics', 'urgent care centers', 'specialty practices'],
  },
  {
    title: 'Phlebotomist', category: 'healthcare', weight: 1.5, rate: [18, 26],
    skills: ['Venipuncture', 'Capillary Draws', 'Specimen Labeling', 'Specimen Processing', 'Pediatric Draws', 'Chain of Custody', 'EHR', 'Infection Control'],
    certifications: ['CPT (Phlebotomy)', 'BLS'],
    settings: ['hospital labs', 'outpatient draw stations', 'plasma centers'],
  },
  {
    title: 'Patient Care Technician', category: 'healthcare', weight: 1.5, rate: [17, 25],
    skills: ['Patient Care', 'EKG', 'Phlebotomy', 'Vital Signs', 'Patient Transfers', 'Telemetry Monitoring', 'Charting', 'Wound Care Support'],
    certifications: ['PCT Certification', 'BLS', 'CPR'],
    settings: ['hospitals', 'dialysis centers', 'rehab centers'],
  },
  {
    title: 'Sterile Processing Technician', category: 'healthcare', weight: 1, rate: [19, 27],
    skills: ['Instrument Decontamination', 'Autoclave Operation', 'Instrument Tray Assembly', 'Tracking Systems', 'Infection Control', 'Quality Assurance', 'Case Carts'],
    certifications: ['CRCST', 'BLS'],
    settings: ['hospital surgical departments', 'ambulatory surgery centers'],
  },
  {
    title: 'Hotel Housekeeper', category: 'hospitality', weight: 4, rate: [14, 19],
    skills: ['Room Cleaning', 'Bed Making', 'Laundry', 'Restocking Amenities', 'Chemical Safety', 'Attention to Detail', 'Guest Privacy', 'Deep Cleaning'],
    certifications: ['Bloodborne Pathogens Training'],
    settings: ['full-service hotels', 'resorts', 'extended-stay hotels'],
  },
  {
    title: 'Banquet Server', category: 'hospitality', weight: 3, rate: [15, 22],
    skills: ['Plated Service', 'Buffet Service', 'Event Setup', 'Tray Carrying', 'Wine Service', 'Guest Relations', 'Table Bussing', 'Teamwork'],
    certifications: ['ServSafe Food Handler', 'TIPS'],
    settings: ['hotel ballrooms', 'convention centers', 'wedding venues', 'stadium suites'],
  },
  {
    title: 'Front Desk Agent', category: 'hospitality', weight: 2, rate: [15, 21],
    skills: ['Guest Check-In', 'Reservations', 'Opera PMS', 'Cash Handling', 'Phone Etiquette', 'Complaint Resolution', 'Upselling', 'Night Audit'],
    certifications: ['CPR'],
    settings: ['full-service hotels', 'resorts', 'boutique hotels'],
  },
  {
    title: 'Bartender', category: 'hospitality', weight: 2, rate: [13, 20],
    skills: ['Mixology', 'Cash Handling', 'POS Systems', 'Beer and Wine Knowledge', 'Inventory', 'ID Checks', 'High-Volume Service', 'Customer Service'],
    certifications: ['TIPS', 'ServSafe Alcohol', 'ServSafe Food Handler'],
    settings: ['hotel bars', 'stadium concessions', 'catered events', 'restaurants'],
  },
  {
    title: 'Line Cook', category: 'food service', weight: 4, rate: [16, 23],
    skills: ['Grill', 'Saute', 'Fryer', 'Knife Skills', 'Food Prep', 'Ticket Times', 'Food Safety', 'Recipe Execution', 'Station Setup', 'High-Volume Service'],
    certifications: ['ServSafe Food Handler', 'ServSafe Manager'],
    settings: ['high-volume restaurants', 'hotel kitchens', 'catering kitchens', 'hospital cafeterias'],
  },
  {
    title: 'Prep Cook', category: 'food service', weight: 3, rate: [15, 19],
    skills: ['Knife Skills', 'Food Prep', 'Portioning', 'Labeling and Dating', 'Food Safety', 'Recipe Following', 'Sanitation', 'Inventory Rotation'],
    certifications: ['ServSafe Food Handler'],
    settings: ['commissary kitchens', 'restaurants', 'catering kitchens'],
  },
  {
    title: 'Dishwasher', category: 'food service', weight: 3, rate: [14, 17],
    skills: ['Dish Machine Operation', 'Pot Washing', 'Sanitation', 'Chemical Safety', 'Kitchen Cleanup', 'Trash Removal', 'Teamwork'],
    certifications: ['ServSafe Food Handler'],
    settings: ['restaurants', 'hotel kitchens', 'university dining halls'],
  },
  {
    title: 'Server', category: 'food service', weight: 3, rate: [13, 19],
    skills: ['Table Service', 'POS Systems', 'Menu Knowledge', 'Upselling', 'Cash Handling', 'Allergen Awareness', 'Wine Service', 'Customer Service'],
    certifications: ['ServSafe Food Handler', 'TIPS', 'ServSafe Alcohol'],
    settings: ['full-service restaurants', 'country clubs', 'hotel restaurants'],
  },
  {
    title: 'Barista', category: 'food service', weight: 1.5, rate: [14, 18],
    skills: ['Espresso Drinks', 'Latte Art', 'Cash Handling', 'POS Systems', 'Customer Service', 'Cleaning and Sanitation', 'Drive-Thru Service'],
    certifications: ['ServSafe Food Handler'],
    settings: ['coffee shops', 'hotel cafes', 'corporate cafes'],
  },
  {
    title: 'Retail Sales Associate', category: 'retail', weight: 4, rate: [14, 19],
    skills: ['Customer Service', 'POS Systems', 'Cash Handling', 'Merchandising', 'Stocking', 'Loss Prevention Awareness', 'Upselling', 'Product Knowledge'],
    certifications: ['CPR'],
    settings: ['big-box stores', 'department stores', 'home-improvement stores'],
  },
  {
    title: 'Cashier', category: 'retail', weight: 3, rate: [14, 17],
    skills: ['Cash Handling', 'POS Systems', 'Customer Service', 'Returns and Exchanges', 'Bagging', 'ID Checks', 'Cash Drawer Balancing'],
    certifications: ['TIPS'],
    settings: ['grocery stores', 'big-box stores', 'convenience stores'],
  },
  {
    title: 'Retail Merchandiser', category: 'retail', weight: 2, rate: [15, 21],
    skills: ['Planogram Execution', 'Resets', 'Stocking', 'Price Changes', 'Display Building', 'Inventory Counts', 'Handheld Scanner', 'Store Walks'],
    certifications: ["Valid Driver's License"],
    settings: ['grocery chains', 'big-box stores', 'pharmacy chains'],
  },
  {
    title: 'Administrative Assistant', category: 'office', weight: 3, rate: [18, 27],
    skills: ['Microsoft Office', 'Calendar Management', 'Data Entry', 'Filing', 'Phone Etiquette', 'Travel Booking', 'Meeting Minutes', 'Google Workspace', 'Typing 60 WPM'],
    certifications: ['Microsoft Office Specialist'],
    settings: ['corporate offices', 'property management firms', 'nonprofits'],
  },
  {
    title: 'Data Entry Clerk', category: 'office', weight: 2, rate: [16, 21],
    skills: ['Data Entry', 'Typing 60 WPM', '10-Key', 'Microsoft Excel', 'Attention to Detail', 'Document Scanning', 'Records Management'],
    certifications: ['Microsoft Office Specialist'],
    settings: ['insurance back offices', 'medical billing offices', 'logistics offices'],
  },
  {
    title: 'Receptionist', category: 'office', weight: 2, rate: [15, 21],
    skills: ['Phone Etiquette', 'Multi-Line Phones', 'Visitor Check-In', 'Scheduling', 'Microsoft Office', 'Mail Handling', 'Customer Service'],
    certifications: ['Microsoft Office Specialist'],
    settings: ['corporate offices', 'medical offices', 'law firms'],
  },
  {
    title: 'Customer Service Representative', category: 'office', weight: 3, rate: [16, 23],
    skills: ['Inbound Calls', 'Outbound Calls', 'CRM Software', 'Order Entry', 'Complaint Resolution', 'Live Chat', 'Bilingual Spanish', 'Typing 60 WPM', 'Call Center Metrics'],
    certifications: ['HDI Customer Service Representative'],
    settings: ['call centers', 'utility companies', 'e-commerce support teams'],
  },
  {
    title: 'Bookkeeper', category: 'office', weight: 1, rate: [20, 31],
    skills: ['QuickBooks', 'Accounts Payable', 'Accounts Receivable', 'Bank Reconciliation', 'Payroll', 'Microsoft Excel', 'Month-End Close', 'Invoicing'],
    certifications: ['QuickBooks Certified User', 'Certified Bookkeeper'],
    settings: ['small businesses', 'accounting firms', 'construction companies'],
  },
  {
    title: 'Security Guard', category: 'security', weight: 4, rate: [16, 24],
    skills: ['Access Control', 'Patrol', 'Incident Reports', 'CCTV Monitoring', 'De-escalation', 'Emergency Response', 'Radio Communication', 'Customer Service', 'Alarm Response'],
    certifications: ['Guard Card', 'CPR', 'First Aid'],
    settings: ['office towers', 'warehouses', 'hospitals', 'event venues'],
  },
  {
    title: 'Armed Security Officer', category: 'security', weight: 1, rate: [22, 33],
    skills: ['Armed Patrol', 'Access Control', 'Incident Reports', 'De-escalation', 'Emergency Response', 'Cash Escort', 'Threat Assessment', 'Radio Communication'],
    certifications: ['Guard Card', 'Armed Guard Permit', 'CPR', 'First Aid'],
    settings: ['banks', 'government buildings', 'cannabis dispensaries'],
  },
  {
    title: 'Janitor', category: 'cleaning', weight: 4, rate: [14, 19],
    skills: ['Floor Care', 'Buffing and Stripping', 'Restroom Sanitation', 'Trash Removal', 'Chemical Safety', 'Carpet Extraction', 'Restocking Supplies', 'Vacuuming'],
    certifications: ['Bloodborne Pathogens Training', 'OSHA 10'],
    settings: ['office buildings', 'schools', 'hospitals', 'manufacturing plants'],
  },
  {
    title: 'Commercial Cleaner', category: 'cleaning', weight: 2, rate: [14, 19],
    skills: ['Office Cleaning', 'Post-Construction Cleanup', 'Window Cleaning', 'Floor Care', 'Disinfection', 'Chemical Safety', 'Pressure Washing'],
    certifications: ['Bloodborne Pathogens Training', 'OSHA 10'],
    settings: ['office buildings', 'retail centers', 'post-construction sites'],
  },
  {
    title: 'Groundskeeper', category: 'cleaning', weight: 1.5, rate: [15, 21],
    skills: ['Mowing', 'Trimming and Edging', 'Irrigation Repair', 'Planting', 'Leaf Removal', 'Snow Removal', 'Small Engine Repair', 'Mulching'],
    certifications: ['Pesticide Applicator License', "Valid Driver's License"],
    settings: ['corporate campuses', 'apartment communities', 'golf courses'],
  },
];

/** Certifications held by some workers of any role. */
export const GENERIC_CERTIFICATIONS: readonly string[] = ['CPR', 'First Aid', 'OSHA 10'];
